"""The words, numbers and formulas synthetic notes are made of, and the
registry's shape the real site has: its 50 areas and how much each venue
publishes."""

# The areas the registry lacks, up to the real site's 50, as its home page
# names and groups them (SOURCE-FORMAT.md), in its group order: (slug, name,
# emoji, home-page group).
EXTRA_AREAS = [
    ("information_retrieval", "Information Retrieval & RAG", "🔍", "NLP Applications"),
    ("code_intelligence", "Code Intelligence", "💻", "NLP Applications"),
    ("dialogue", "Dialogue Systems", "🗣️", "NLP Applications"),
    ("multilingual_mt", "Multilingual & Translation", "🌐", "NLP Applications"),
    ("nlp_generation", "Text Generation", "✍️", "NLP Applications"),
    ("nlp_understanding", "NLP Understanding", "📖", "NLP Applications"),
    ("image_generation", "Image Generation", "🎨", "Generation & Multimodal"),
    ("multimodal_vlm", "Multimodal VLM", "🧩", "Generation & Multimodal"),
    ("audio_speech", "Audio & Speech", "🎵", "Generation & Multimodal"),
    ("video_generation", "Video Generation", "🎬", "Generation & Multimodal"),
    ("aigc_detection", "AIGC Detection", "🕵️", "Generation & Multimodal"),
    ("3d_vision", "3D Vision", "🧊", "Visual Perception"),
    ("video_understanding", "Video Understanding", "📹", "Visual Perception"),
    ("image_restoration", "Image Restoration", "🖼️", "Visual Perception"),
    ("segmentation", "Segmentation", "✂️", "Visual Perception"),
    ("object_detection", "Object Detection", "🎯", "Visual Perception"),
    ("human_understanding", "Human Understanding", "🧑", "Visual Perception"),
    ("remote_sensing", "Remote Sensing", "🛰️", "Visual Perception"),
    ("reinforcement_learning", "Reinforcement Learning", "🎮", "Decision & Embodied"),
    ("robotics", "Robotics & Embodied AI", "🤖", "Decision & Embodied"),
    ("recommender", "Recommender Systems", "🎁", "Decision & Embodied"),
    ("autonomous_driving", "Autonomous Driving", "🚗", "Decision & Embodied"),
    ("model_compression", "Model Compression", "📦", "Foundations & Theory"),
    ("interpretability", "Interpretability", "🔬", "Foundations & Theory"),
    ("optimization", "Optimization & Theory", "📐", "Foundations & Theory"),
    ("time_series", "Time Series", "📈", "Foundations & Theory"),
    ("graph_learning", "Graph Learning", "🕸️", "Foundations & Theory"),
    ("self_supervised", "Self-Supervised Learning", "🔄", "Foundations & Theory"),
    ("learning_theory", "Learning Theory", "📐", "Foundations & Theory"),
    ("causal_inference", "Causal Inference", "🔗", "Foundations & Theory"),
    ("ai_safety", "AI Safety", "🛡️", "Science & Cross-Disciplinary"),
    (
        "computational_biology",
        "Computational Biology",
        "🧬",
        "Science & Cross-Disciplinary",
    ),
    ("physics", "Physics & Scientific Computing", "⚛️", "Science & Cross-Disciplinary"),
    ("medical_imaging", "Medical Imaging", "🏥", "Science & Cross-Disciplinary"),
    ("social_computing", "Social Computing", "👥", "Science & Cross-Disciplinary"),
    ("medical_nlp", "Medical NLP", "🩺", "Science & Cross-Disciplinary"),
    ("signal_comm", "Signal & Communications", "📡", "Science & Cross-Disciplinary"),
    ("earth_science", "Earth Science", "🌍", "Science & Cross-Disciplinary"),
]

# How much each venue publishes, relative to the others; older venues less.
VENUE_WEIGHT = {
    "NeurIPS2025": 1.6,
    "ICLR2026": 1.4,
    "ICML2026": 1.2,
    "CVPR2026": 1.0,
    "AAAI2026": 1.0,
    "ICCV2025": 0.8,
    "ACL2026": 0.7,
}
OLD_VENUE_WEIGHT = 0.25
# Vision venues publish mostly vision areas, language venues language areas.
VENUE_FIELD = {"CVPR": "vision", "ICCV": "vision", "ECCV": "vision", "ACL": "nlp"}
GROUP_FIELD = {
    "Visual Perception": "vision",
    "Generation & Multimodal": "vision",
    "LLM": "nlp",
    "NLP Applications": "nlp",
}

TOPICS = (
    "LLM, Diffusion Model, Reinforcement Learning, Adversarial Robustness, "
    "Alignment/RLHF, Watermarking, Continual Learning, Knowledge Distillation, "
    "Mixture of Experts, Retrieval-Augmented Generation, Chain-of-Thought, "
    "In-Context Learning, Vision-Language Model, Graph Neural Network, Federated "
    "Learning, Differential Privacy, Quantization, Pruning, Speculative Decoding, "
    "KV Cache, Long Context, Tokenization, Instruction Tuning, Preference "
    "Optimization, Reward Modeling, Hallucination, Jailbreak, Backdoor Attack, "
    "Membership Inference, Machine Unlearning, Model Editing, Interpretability, "
    "Mechanistic Interpretability, Sparse Autoencoder, Scaling Laws, Benchmark, "
    "Data Curation, Synthetic Data, Self-Supervised Learning, Contrastive "
    "Learning, Object Detection, Semantic Segmentation, 3D Reconstruction, "
    "Gaussian Splatting, NeRF, Video Generation, Text-to-Image, Image Editing, "
    "Point Cloud, Pose Estimation, Autonomous Driving, Embodied Agent, Robot "
    "Manipulation, Tool Use, Multi-Agent, Planning, Code Generation, Math "
    "Reasoning, Theorem Proving, Time Series Forecasting, Causal Discovery, "
    "Optimization Theory, Generalization Bound, Domain Adaptation, Out-of-"
    "Distribution Detection, Uncertainty Estimation, Calibration, Fairness, "
    "Recommendation, Molecule Generation, Protein Design, Weather Forecasting, "
    "Speech Recognition, Text-to-Speech, Machine Translation, Summarization, "
    "Question Answering, Information Extraction, Dialogue, Test-Time Scaling, "
    "Parameter-Efficient Fine-Tuning, LoRA, State Space Model, Linear Attention"
).split(", ")
ADJECTIVES = (
    "Adaptive Scalable Robust Efficient Sparse Hierarchical Contrastive Causal "
    "Latent Conditional Federated Decentralized Compositional Generalizable "
    "Interpretable Private Secure Lightweight Unified Dynamic Progressive "
    "Multi-Scale Cross-Modal Self-Supervised Zero-Shot Few-Shot Continual "
    "Bayesian Probabilistic Geometric Spectral Temporal Structured Implicit "
    "Differentiable Provable Fast Stable Faithful Controllable Grounded"
).split()
NOUNS = (
    "Attention Transformers Representations Embeddings Tokens Experts Agents "
    "Policies Rewards Gradients Features Prompts Adapters Retrievers Decoders "
    "Encoders Priors Kernels Graphs Trajectories Memories Critics Verifiers "
    "Planners Tokenizers Routers Caches Sketches Manifolds Flows Scores Masks "
    "Queries Objectives Benchmarks Datasets Curricula Ensembles Surrogates"
).split()
GERUNDS = (
    "Scaling Rethinking Understanding Improving Accelerating Aligning "
    "Detecting Mitigating Learning Distilling Steering Editing Compressing "
    "Evaluating Benchmarking Unifying Revisiting Exploiting Certifying "
    "Grounding Calibrating Routing Pruning Merging Probing"
).split()
METHODS = (
    "Consistency Regularization, Optimal Transport, Contrastive Decoding, "
    "Low-Rank Adaptation, Reward Shaping, Mixture Routing, Score Distillation, "
    "Preference Optimization, Test-Time Training, Spectral Filtering, Latent "
    "Diffusion, Gradient Projection, Token Merging, Curriculum Sampling, "
    "Adversarial Training, Energy-Based Modeling, Neural Tangent Kernels, "
    "Variational Inference, Monte Carlo Tree Search, Sparse Autoencoders"
).split(", ")
BENCHMARKS = (
    "MMLU GSM8K MATH HumanEval ImageNet COCO ADE20K Kinetics-400 nuScenes "
    "HotpotQA TruthfulQA AlpacaEval MT-Bench LongBench WMT22 LibriSpeech "
    "MoleculeNet ScanNet MuJoCo Atari-57 ARC-Challenge BIG-Bench VQAv2"
).split()
INLINE_MATH = [
    r"$O(n \log n)$",
    r"$(\epsilon, \delta)$",
    r"$\mathcal{O}(\sqrt{T})$",
    r"$k \ll d$",
    r"$\lambda = 0.1$",
    r"$\ell_2$",
    r"$\mathbb{E}[r]$",
    r"$p < 0.01$",
    r"$\alpha \in [0, 1]$",
    r"$W \in \mathbb{R}^{d \times k}$",
]
DISPLAY_MATH = [
    r"\mathcal{L}(\theta) = \mathbb{E}_{(x, y) \sim \mathcal{D}} "
    r"\left[ -\log p_\theta(y \mid x) \right] + \lambda \|\theta\|_2^2",
    r"\operatorname{Attn}(Q, K, V) = \operatorname{softmax}"
    r"\left( \frac{Q K^\top}{\sqrt{d_k}} \right) V",
    r"\nabla_\theta J(\theta) = \mathbb{E}_{\tau \sim \pi_\theta} \left[ "
    r"\sum_{t=0}^{T} \nabla_\theta \log \pi_\theta(a_t \mid s_t) A_t \right]",
    r"x_{t-1} = \frac{1}{\sqrt{\alpha_t}} \left( x_t - \frac{1 - \alpha_t}"
    r"{\sqrt{1 - \bar{\alpha}_t}} \epsilon_\theta(x_t, t) \right) + \sigma_t z",
    r"\mathcal{L}_{\mathrm{DPO}} = -\log \sigma \left( \beta \log "
    r"\frac{\pi_\theta(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)} - \beta \log "
    r"\frac{\pi_\theta(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)} \right)",
    r"W' = W + \Delta W = W + B A, \quad B \in \mathbb{R}^{d \times r}, "
    r"A \in \mathbb{R}^{r \times k}",
    r"R(h) \le \hat{R}(h) + \sqrt{\frac{\log |\mathcal{H}| + \log(1/\delta)}{2n}}",
]
SECTIONS = [
    "Background & Motivation",
    "Method",
    "Key Experimental Results",
    "Highlights & Insights",
    "Limitations & Future Work",
    "Related Work & Insights",
]
REASONS = [
    "a clear and well-motivated idea, though close to prior work",
    "experiments cover several benchmarks and strong baselines",
    "ablations are thorough but the largest models are missing",
    "clearly written, with a helpful overview figure",
    "practical value for anyone deploying such systems",
    "the theoretical analysis is elegant but assumes a lot",
    "results are convincing on standard benchmarks only",
]
# Titles with math, as the real ones have (`… Online $\ell_p$-Calibration`,
# `$\mathbf{X}^{2}$: …`); filled with an adjective, a noun and the area's name.
TITLE_MATH = [
    r"{adjective} {noun} with Online $\ell_p$-Calibration",
    r"$\mathbf{{X}}^{{2}}$: {adjective} {noun} for {area}",
    r"{adjective} {noun} in $O(\sqrt{{T}})$ Rounds",
    r"$k$-Sparse {noun} for {area}",
    r"Beyond $\epsilon$-Greedy: {adjective} {noun}",
]
# Authors and their institutions, for the notes whose source lists them.
GIVEN_NAMES = (
    "Wei Yuki Priya Lukas Sofia Mateo Aisha Chen Olga Tomás Hana Jonas Mei Ravi "
    "Elena Kenji Fatima Noah Ines Arjun Lena Omar Sara Diego Yara Minh Clara "
    "Tariq Anya Felix Zhang Leila Marco Nadia Hugo Jun Amara Pavel Lucía Ethan"
).split()
FAMILY_NAMES = (
    "Wang Tanaka Sharma Müller García Rossi Okafor Li Ivanova Silva Kim Schmidt "
    "Chen Patel Novak Nakamura Haddad Johnson Dubois Gupta Larsen Ahmed Costa "
    "Hernández Nguyen Becker Kowalski Yilmaz Andersson Zhou Rahman Moreau Park "
    "Fischer Tan Martins Popescu Suzuki Ortiz Khan"
).split()
INSTITUTIONS = [
    "Tsinghua University",
    "Stanford University",
    "MIT",
    "ETH Zürich",
    "University of Oxford",
    "Carnegie Mellon University",
    "Google DeepMind",
    "Microsoft Research",
    "Peking University",
    "University of Toronto",
    "Max Planck Institute for Intelligent Systems",
    "KAIST",
    "EPFL",
    "The University of Tokyo",
    "Meta AI",
    "Shanghai AI Laboratory",
    "UC Berkeley",
    "National University of Singapore",
    "Inria",
    "University of Cambridge",
]
