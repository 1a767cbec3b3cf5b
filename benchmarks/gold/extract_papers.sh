#!/usr/bin/env bash
# Re-create /work/papers/<name>/: the held-out gold papers (benchmarks/gold/heldout), the dev gold
# papers not in the corpus (benchmarks/gold/dev) and the
# Chinese training documents (training/labels), from repositories fetched with the search
# tool's `fetch` (github:<owner>/<name>), at the commits their READMEs name.
#
#   bash benchmarks/gold/extract_papers.sh [MIRRORS] [PAPERS]
#
# MIRRORS (default /work/.mirror) holds one folder per repository, `<owner>+<name>/repo`
# (a git directory, or a checkout with its `.git`); PAPERS defaults to /work/papers.
# Never committed: these are other people's papers.
set -euo pipefail
mirrors=${1:-/work/.mirror}
papers=${2:-/work/papers}

gitdir() {  # the git directory of a fetched repository
  local repo="$mirrors/$1/repo"
  if [ -d "$repo/.git" ]; then echo "$repo/.git"; else echo "$repo"; fi
}

extract() {  # extract NAME REPOSITORY COMMIT [PATHS...]
  local name=$1 repository=$2 commit=$3
  shift 3
  rm -rf "${papers:?}/$name" && mkdir -p "$papers/$name"
  git --git-dir="$(gitdir "$repository")" archive "$commit" "$@" | tar -x -C "$papers/$name"
  echo "$papers/$name"
}

# Like extract, but file by file with `git show`: for a mirror whose archive stops at an absent
# large blob (a PDF figure) even when that blob is outside the paths asked for.
extract_files() {  # extract_files NAME REPOSITORY COMMIT [PATHS...]
  local name=$1 repository=$2 commit=$3 gd file
  shift 3
  gd=$(gitdir "$repository")
  rm -rf "${papers:?}/$name" && mkdir -p "$papers/$name"
  git --git-dir="$gd" ls-tree -r --name-only "$commit" -- "$@" | while IFS= read -r file; do
    mkdir -p "$papers/$name/$(dirname "$file")"
    git --git-dir="$gd" show "$commit:$file" > "$papers/$name/$file"
  done
  echo "$papers/$name"
}

# A wrapper that compiles one chapter of the Chinese Deep Learning book alone: the book's
# own preamble (which \include's its symbol and glossary macro files), then the chapter.
book_chapter() {  # book_chapter NAME CHAPTER-FOLDER CHAPTER-FILE WRAPPER [PREAMBLE-LINES]
  local name=$1 folder=$2 file=$3 wrapper=$4 lines=${5:-}
  extract "$name" exacity+deeplearningbook-chinese a03e98d2298528a13779f9fc4c8e7f8c1bd204f7 \
    "$folder" dlbook_cn.tex math_symbol.tex terminology.tex >/dev/null
  local dir="$papers/$name"
  if [ -n "$lines" ]; then
    sed -n "1,${lines}p" "$dir/dlbook_cn.tex" > "$dir/$wrapper"
    printf '\\begin{document}\n\\input{%s/%s}\n\\end{document}\n' "$folder" "$file" >> "$dir/$wrapper"
  else
    sed -n '1,/\\begin{document}/p' "$dir/dlbook_cn.tex" > "$dir/$wrapper"
    printf '\\input{%s/%s}\n\\end{document}\n' "$folder" "$file" >> "$dir/$wrapper"
  fi
  rm "$dir/dlbook_cn.tex"
  echo "$dir"
}

# held-out gold (benchmarks/gold/README.md)
extract mit-flow-matching-notes doubtfulq+MIT6.S184 ee0d705088052bb1ee05a48cd44d3a7e971c4fda
extract mit-flow-matching-notes-zh doubtfulq+MIT6.S184 1d51a309c2b5db24dc2730f81c88dc898b7e4bd5
extract apg-samplers hao-w+arxiv-apg-samplers a665585728f52298b4444eefb8369334a7d27e63
extract highres-ode-optim hoomyhh+Variational-perspective-on-High-Resolution-ODES \
  088cc64ab2ca6349a1097f918403152cc80ec6d6 "NIPS 2023" references.bib
extract adam-bias-correction sam-laing+bias_correction_paper \
  5b89fb5876548c381c12df3270e5f56dbda73912 neurips_2025.tex bibliography.bib
book_chapter dlbook-zh-approx-inference Chapter19 approximate_inference.tex ch19.tex

# Chinese training documents (training/labels/README.md)
extract ml-reading-note-zh ShuaiHuang+MachineLearningNotes 8bace4075bae10a5e100a9c7de7790e878cb8692
extract mldl-math-note-zh iLampard+MLDL_Math_Note 5427b36125bd64ece8d9d9e137a34529e7c09e3c
book_chapter dlbook-zh-ch5 Chapter5 machine_learning_basics.tex ch5.tex 126

# development gold (benchmarks/gold/dev): not in the corpus; tuning on them is allowed
book_chapter dlbook-zh-probability Chapter3 probability_and_information_theory.tex ch3.tex
extract pdmp-smc-writeup cz17372+PDMP-writeup a413c7a3a25555cd40e1854942ee4cc1b1fc0f87 \
  main.tex reference.bib
extract online-sinkhorn arthurmensch+onlikorn b66329b3c2409c3c1fe96ae761eff47474151567 paper
extract masked-diffusion-thesis matteo-omizzolo+masked-diffusion-thesis \
  77fba4d7e6838555fd2e696c4127a0fb54eeacf7 thesis
extract hamiltonian-abc tedmeeds+abc_sgld-uai-paper 6c164bf5929ece36ecf8e7c30ec10c0cfb061088 \
  uai-cr.tex cdefs.tex algo_spsa_abc.tex algo_fdsa_abc.tex abcsgld.bib
extract kg-embedding-thesis-zh THUCSTHanxu13+Large-scale-Knowledge-Graph-Embedding \
  562fbc7e84ae796f2ec93c1cc457e65614d4f0bb main.tex ref thuthesis.cls thuthesis.cfg thuthesis.sty \
  data/cover.tex data/denotation.tex data/chap01.tex data/chap02.tex data/chap03.tex data/chap04.tex \
  data/ack.tex data/appendix01.tex data/resume.tex
extract gan-inversion-survey-zh tianyilt+GAN-inversion-translation \
  82a8fc5543e2d4245e751fcf72813c00cbddc131 gan_inversion.tex commands sections IEEEtran.cls
extract weighted-estimator-qlearning carloderamo+wql eb84e403ba7852f5f504ffefdc7d5684bf13a45d \
  example_paper.tex sections example_paper.bib icml2016.sty icml2016.bst algorithm.sty algorithmic.sty \
  fancyhdr.sty
extract gan-wgan-gcn-report jaredraycoleman+cecs551-project 203510d490b8904390b22f524d60ac5f57aa568c \
  midterm/main.tex midterm/introduction.tex midterm/gan.tex midterm/wgan.tex midterm/gcn.tex \
  midterm/references.bib midterm/nips_2018.sty
# The Machine Learning Cheat Sheet is one book: only its kernels and Gaussian-process chapters
# are the gold, behind a wrapper made from the book's own preamble (as for the DL book above).
cheat_dir=$(extract ml-cheatsheet-kernels-gp soulmachine+machine-learning-cheat-sheet \
  a2bde597dda4c302ceef9c4a161864221b4c398c machine-learning-cheat-sheet.tex chapterKernels.tex \
  chapterGP.tex styles)
sed -n '1,/\\begin{document}/p' "$cheat_dir/machine-learning-cheat-sheet.tex" > "$cheat_dir/kernels-gp.tex"
printf '\\mainmatter\n\\include{chapterKernels}\n\\include{chapterGP}\n\\end{document}\n' \
  >> "$cheat_dir/kernels-gp.tex"
rm "$cheat_dir/machine-learning-cheat-sheet.tex"
echo "$cheat_dir"
# Four more dev papers (gold2). Two are parts of larger documents, behind wrappers made from the
# document's own preamble, as above: three chapters of a Chinese PhD thesis (LLM scaling laws and
# predictable pre-training), and a course-notes chapter left out of the book's main.tex.
llm_dir=$(extract_files llm-scaling-thesis-zh ShengdingHu+thuthesis 3e104946544c21baeeadd55b11f8d58259228d40 \
  thuthesis-example.tex thusetup.tex data/chap02.tex data/chap03.1.tex data/chap03.2.tex ref)
sed -n '1,/\\begin{document}/p' "$llm_dir/thuthesis-example.tex" > "$llm_dir/chapters-2-3.tex"
printf '\\mainmatter\n\\input{data/chap02}\n\\input{data/chap03.1}\n\\input{data/chap03.2}\n\\end{document}\n' \
  >> "$llm_dir/chapters-2-3.tex"
rm "$llm_dir/thuthesis-example.tex"
echo "$llm_dir"
recsys_dir=$(extract recsys-course-notes Shaunticlair+ml-textbook 35aa74484f080a9c39700cd8c54e46c11bc6e153 \
  main.tex macros chapters/recommender_systems.tex)
sed -n '1,/\\begin{document}/p' "$recsys_dir/main.tex" > "$recsys_dir/recommender.tex"
printf '\\include{chapters/recommender_systems}\n\\end{document}\n' >> "$recsys_dir/recommender.tex"
rm "$recsys_dir/main.tex"
echo "$recsys_dir"
ssl_dir=$(extract ssl-speech-review JakobHavtorn+phd-thesis daf5b0e2f99d661d7dc233647392192a2be39f6b \
  thesis.tex preamble appendices/paper_review.tex chapters/paper_review)
sed -n '1,/\\begin{document}/p' "$ssl_dir/thesis.tex" > "$ssl_dir/review.tex"
printf '\\mainmatter\n\\include{appendices/paper_review}\n\\end{document}\n' >> "$ssl_dir/review.tex"
rm "$ssl_dir/thesis.tex"
echo "$ssl_dir"
extract traffic-forecasting-thesis XDZhelheim+BachelorThesis 8e010d06f65f0cb7fd19280fe3de60bce7f97680 \
  main.tex config sections ref.bib sustechthesis.cls
# Four more dev papers (gold3), each one or more chapters of a longer document behind a wrapper
# made from the document's own preamble, as above: the diffusion-models background chapter of a
# PhD thesis; two chapters (interpolation and growth conditions, SGD) of an MSc thesis on SGD
# convergence; the sampling, Gibbs and MCMC sections of English lecture notes; two model chapters
# of a Chinese master's thesis (target sentiment analysis, stock relations).
diff_dir=$(extract diffusion-thesis-harvey wsgharvey+thesis 9775aa030edb65d88f19604cfcfbf5fa1e1d653a \
  diss.tex math_commands.tex macros.tex chapters/diffusion.tex)
sed -n '1,/\\begin{document}/p' "$diff_dir/diss.tex" > "$diff_dir/diffusion-chapter.tex"
printf '\\mainmatter\n\\include{chapters/diffusion}\n\\end{document}\n' >> "$diff_dir/diffusion-chapter.tex"
rm "$diff_dir/diss.tex"
echo "$diff_dir"
sgd_dir=$(extract sgd-interpolation-thesis aaronpmishkin+msc_thesis b1e08f3e3bda35197d966a17fbc12c5251da6a52 \
  main.tex macros.tex defs.tex procedure.tex glossary.tex chapters/interpolation_gc.tex chapters/sgd.tex)
sed -n '1,/\\begin{document}/p' "$sgd_dir/main.tex" > "$sgd_dir/interpolation-sgd.tex"
printf '\\input{glossary}\n\\mainmatter\n\\include{chapters/interpolation_gc}\n\\include{chapters/sgd}\n\\end{document}\n' \
  >> "$sgd_dir/interpolation-sgd.tex"
rm "$sgd_dir/main.tex"
echo "$sgd_dir"
mcmc_dir=$(extract mcmc-sampling-notes Han8931+deep_statistical_learning 201b24fc5693fb586a8fd9aacd042c65503fe73b \
  Notes/main.tex Notes/math-com.tex Notes/sections/mcmc)
sed -n '1,/\\begin{document}/p' "$mcmc_dir/Notes/main.tex" > "$mcmc_dir/Notes/mcmc-notes.tex"
printf '\\mainmatter\n\\include{./sections/mcmc/sampling}\n\\include{./sections/mcmc/gibbs}\n\\include{./sections/mcmc/mcmc}\n\\end{document}\n' \
  >> "$mcmc_dir/Notes/mcmc-notes.tex"
rm "$mcmc_dir/Notes/main.tex"
echo "$mcmc_dir"
senti_dir=$(extract sentiment-stock-thesis-zh Cppowboy+bigpaper bdc2866f15a12ea5f5b569d691e61a91e61aa680 \
  main.tex thuthesis.cls thuthesis.cfg thuthesis.sty ctex-fontset-custom.def ref data/chap04.tex data/chap05.tex)
sed -n '1,/\\begin{document}/p' "$senti_dir/main.tex" > "$senti_dir/chapters-4-5.tex"
printf '\\mainmatter\n\\include{data/chap04}\n\\include{data/chap05}\n\\end{document}\n' >> "$senti_dir/chapters-4-5.tex"
rm "$senti_dir/main.tex"
echo "$senti_dir"
